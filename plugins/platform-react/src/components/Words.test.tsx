import { render } from '@testing-library/react';
import { Words } from './Words';

it('keeps each hyphenated word on one line and the text as it was', () => {
  const text = 'storefront-web runs 0.1.0 · ring-0 · 7/7 ready';
  const { container } = render(
    <p>
      <Words text={text} />
    </p>,
  );
  expect(container.textContent).toBe(text);
  const unbroken = [...container.querySelectorAll('span')];
  expect(unbroken.map(span => span.textContent)).toEqual([
    'storefront-web',
    'ring-0',
  ]);
  for (const span of unbroken) expect(span.style.whiteSpace).toBe('nowrap');
});

it('renders text without hyphens as plain text', () => {
  const { container } = render(
    <p>
      <Words text="2 apps: 2 synced and healthy" />
    </p>,
  );
  expect(container.querySelector('span')).toBeNull();
  expect(container.textContent).toBe('2 apps: 2 synced and healthy');
});
