import { describeAppLifecycle } from '@shop/testing';

describeAppLifecycle('order', { database: true, redis: true });
