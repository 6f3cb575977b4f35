/**
 * The provider catalog's secret fields (what `app_secret` becomes for each
 * strategy, and the secret keys of its `args`), as plain names so that
 * `isSecretKey` can use them without loading the catalog on every start.
 * test/catalog/secret-fields.test.ts walks the catalog and fails when a
 * secret field there is missing here or a name here is not in the catalog.
 */
export const CATALOG_SECRET_FIELDS: ReadonlySet<string> = new Set([
  'app_secret',
  'client_secret',
  'consumer_secret',
  'secret',
  'jwt_secret_base64',
  'id_token_encryption_key',
  'private_key',
  'application_password',
]);
