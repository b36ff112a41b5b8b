import { meshNamespaceLabels, peerAuthenticationsFor } from './mesh';

describe("the mesh objects of a product's namespace", () => {
  it("are the tenant's for a product the infra repo holds", () => {
    expect(meshNamespaceLabels('storefront')).toEqual({
      'istio.io/dataplane-mode': 'ambient',
    });
    expect(
      peerAuthenticationsFor('gcp-euw1-prod-01', 'storefront', 'storefront'),
    ).toEqual([
      expect.objectContaining({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: expect.objectContaining({
          name: 'default',
          namespace: 'storefront',
          // The tenant kustomization's labels.
          labels: {
            team: 'team-storefront',
            product: 'storefront',
            'app.kubernetes.io/managed-by': 'trinity',
          },
        }),
        spec: { mtls: { mode: 'STRICT' } },
      }),
    ]);
  });

  it("are the product template's for one it does not hold (the scale fleet's)", () => {
    expect(meshNamespaceLabels('product-007')).toEqual({
      'istio.io/dataplane-mode': 'ambient',
    });
    expect(
      peerAuthenticationsFor('aws-use1-prod-01', 'product-007', 'product-007'),
    ).toEqual([
      expect.objectContaining({
        kind: 'PeerAuthentication',
        metadata: expect.objectContaining({
          name: 'default',
          namespace: 'product-007',
        }),
        spec: { mtls: { mode: 'STRICT' } },
      }),
    ]);
  });
});
