import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { Preview } from '@internal/plugin-traffic-common';
import { PreviewChange } from './PreviewChange';

const base = {
  version: 'v1',
  checks: [],
  allowed: true,
  weightsBefore: { aws: 1, gcp: 1 },
  weightsAfter: { aws: 1, gcp: 0 },
};

describe('PreviewChange', () => {
  it('shows each cluster with its weight and its own record, before → after', async () => {
    const record = (cluster: string, weight: number) => ({
      name: 'shop.trinity.example. A',
      type: 'A',
      ttl: 30,
      setIdentifier: cluster,
      weight,
      content: [`weight ${weight}`],
    });
    await renderInTestApp(
      <PreviewChange
        preview={
          {
            ...base,
            recordsBefore: [record('aws', 1), record('gcp', 1)],
            recordsAfter: [record('aws', 1), record('gcp', 0)],
          } as unknown as Preview
        }
      />,
    );
    const gcp = within(screen.getByTestId('preview-row-gcp'));
    expect(gcp.getByText('1 → 0')).toBeInTheDocument();
    expect(gcp.getByText('weight 1 → weight 0')).toBeInTheDocument();
    const aws = within(screen.getByTestId('preview-row-aws'));
    expect(aws.getByText('1 (same)')).toBeInTheDocument();
    expect(aws.getByText('weight 1')).toBeInTheDocument();
  });

  it('puts a record shared by every cluster behind the disclosure only', async () => {
    const lua = (weights: string) => ({
      name: 'shop.trinity.example. LUA A',
      type: 'LUA',
      content: [`pickwrandom({${weights}})`],
    });
    await renderInTestApp(
      <PreviewChange
        preview={
          {
            ...base,
            recordsBefore: [lua('{1,"a"},{1,"g"}')],
            recordsAfter: [lua('{1,"a"}')],
          } as unknown as Preview
        }
      />,
    );
    expect(screen.queryByRole('columnheader', { name: 'Record' })).toBeNull();
    expect(
      screen.getByText(/one record for every cluster/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('preview-records')).getByText(
        /pickwrandom\(\{\{1,"a"\}\}\)/,
      ),
    ).toBeInTheDocument();
  });
});
