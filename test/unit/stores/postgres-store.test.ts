// The PostgreSQL store's connection settings (no server needed): TLS modes, URLs in logs.
import { redactPostgresUrl, sslOptions, withoutSslParams } from '../../../src/stores/postgres-store.js';

describe('PostgreSQL connection settings', () => {
  test('each TLS mode maps to the pg ssl option; unset leaves it to the URL', () => {
    expect(sslOptions(undefined)).toBeUndefined();
    expect(sslOptions('disable')).toBe(false);
    expect(sslOptions('require')).toEqual({ rejectUnauthorized: false });
    expect(sslOptions('verify-full')).toEqual({ rejectUnauthorized: true, ca: undefined });
    const verifyCa = sslOptions('verify-ca') as { rejectUnauthorized: boolean; checkServerIdentity: () => unknown };
    expect(verifyCa.rejectUnauthorized).toBe(true);
    // verify-ca checks the chain, not the host name
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });

  test('a TLS mode in config overrides the URL: its ssl parameters are dropped, the others kept', () => {
    expect(withoutSslParams('postgres://u:p@db:5432/news?sslmode=require&application_name=x&sslrootcert=/ca.pem')).toBe('postgres://u:p@db:5432/news?application_name=x');
  });

  test('hides the password in URLs it logs', () => {
    expect(redactPostgresUrl('postgres://copydesk:s3cret@db:5432/news')).toBe('postgres://copydesk:***@db:5432/news');
    expect(redactPostgresUrl('postgres://db/news')).toBe('postgres://db/news');
  });
});
