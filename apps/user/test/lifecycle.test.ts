import { describeAppLifecycle } from '@shop/testing';

describeAppLifecycle('user', { database: true, redis: true });
