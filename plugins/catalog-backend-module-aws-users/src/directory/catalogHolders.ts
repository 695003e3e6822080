import {
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
} from '@aws-bridge/plugin-aws-common';
import { AWS_PROVISIONED_AT_SIGN_IN } from '@aws-bridge/plugin-aws-node';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** An entity of another source that holds a name or an email a sync might write. */
export type CatalogHolder = {
  ref: string;
  /** Its `backstage.io/managed-by-location`: the source that owns it. */
  location?: string;
  /** The IdP subject, when it is a person provisioned at sign-in (`<iss>#<sub>`). */
  signInSubject?: string;
};

/** The Users and Groups of every other source, as the catalog has them now. */
export type CatalogHolders = {
  /**
   * By entity ref, as `stringifyEntityRef` writes it: in lower case, as the catalog compares
   * refs. Every ref the sync compares with these is written by it too.
   */
  byRef: Map<string, CatalogHolder>;
  /** The refs of the Users with each `spec.profile.email`, in lower case. */
  byEmail: Map<string, string[]>;
};

const PAGE = 500;
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.profile.email',
];

/**
 * Every User and Group in the catalog that `ownLocation` (the sync's own location) did not
 * write, read through the catalog's API with the sync's service credentials, every page.
 */
export async function readCatalogHolders(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  ownLocation: string,
): Promise<CatalogHolders> {
  const holders: CatalogHolders = { byRef: new Map(), byEmail: new Map() };
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: PAGE, fields: FIELDS }
        : {
            filter: [{ kind: 'User' }, { kind: 'Group' }],
            limit: PAGE,
            fields: FIELDS,
          },
      { credentials },
    );
    for (const entity of page.items) add(holders, entity, ownLocation);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return holders;
}

function add(holders: CatalogHolders, entity: Entity, ownLocation: string) {
  const annotations = entity.metadata.annotations ?? {};
  const location = annotations[ANNOTATION_LOCATION];
  if (location === ownLocation) return;
  const ref = stringifyEntityRef(entity);
  holders.byRef.set(ref, {
    ref,
    location,
    ...(annotations[AWS_PROVISIONED_BY_ANNOTATION] ===
      AWS_PROVISIONED_AT_SIGN_IN && {
      signInSubject: annotations[AWS_IDP_SUBJECT_ANNOTATION],
    }),
  });
  const email = (entity.spec?.profile as { email?: unknown } | undefined)
    ?.email;
  if (
    entity.kind.toLocaleLowerCase('en-US') === 'user' &&
    typeof email === 'string'
  ) {
    const key = email.toLocaleLowerCase('en-US');
    holders.byEmail.set(key, [...(holders.byEmail.get(key) ?? []), ref]);
  }
}
