import { describeAppLifecycle } from '@shop/testing';

describeAppLifecycle('inventory', { database: true, redis: true });
