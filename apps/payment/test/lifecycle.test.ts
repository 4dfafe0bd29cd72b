import { describeAppLifecycle } from '@shop/testing';

describeAppLifecycle('payment', { database: true, redis: false });
