import type {} from 'vitest';

// The values global-setup.ts hands to every test worker through vitest's `provide`/`inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    shopPostgresUrl: string;
    shopRedisUrl: string;
    shopTestRunId: string;
  }
}

export const POSTGRES_URL_ENV = 'SHOP_TEST_POSTGRES_URL';
export const REDIS_URL_ENV = 'SHOP_TEST_REDIS_URL';
export const RUN_ID_ENV = 'SHOP_TEST_RUN_ID';
