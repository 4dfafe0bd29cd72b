import type * as grpc from '@grpc/grpc-js';

/**
 * Message size limits, set on purpose rather than left to grpc-js' defaults (4 MiB in, unlimited
 * out). Requests are small (the largest is a checkout or a batch of 100 skus): a request over
 * MAX_REQUEST_BYTES is refused before it is parsed. Responses may carry a page of products.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export const SERVER_MESSAGE_LIMITS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': MAX_REQUEST_BYTES,
  'grpc.max_send_message_length': MAX_RESPONSE_BYTES,
};

export const CLIENT_MESSAGE_LIMITS: grpc.ChannelOptions = {
  'grpc.max_send_message_length': MAX_REQUEST_BYTES,
  'grpc.max_receive_message_length': MAX_RESPONSE_BYTES,
};

/**
 * Channelz off, on servers and channels alike: nothing here serves the channelz service, and its
 * per-call bookkeeping is work on every call. (Not a message limit: the one place for transport options.)
 */
export const CHANNELZ_OFF: grpc.ChannelOptions = { 'grpc.enable_channelz': 0 };
