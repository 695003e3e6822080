import { Entity } from '@backstage/catalog-model';

/**
 * The demo's payments-api component with the given annotations: the entity the card's tests
 * and stories render. Not exported from the package.
 */
export function componentWithAnnotations(
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
  };
}
