import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/*
 * RESOURCE_EXHAUSTED means two different things: a limit refused *this caller* (a policy answer
 * from a healthy server) or the server itself ran out of something (overload). Callers must tell
 * them apart — a breaker that counts a login limiter's refusals locks everyone out — so a policy
 * refusal says so the standard way (Google's rich error model, AIP-193): a google.rpc.Status in
 * the `grpc-status-details-bin` trailer carrying a QuotaFailure and a RetryInfo.
 */

const DETAILS_KEY = 'grpc-status-details-bin';
const QUOTA_FAILURE = 'type.googleapis.com/google.rpc.QuotaFailure';
const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
            Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
          },
        },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
            QuotaFailure: {
              fields: { violations: { rule: 'repeated', type: 'Violation', id: 1 } },
              nested: { Violation: { fields: { subject: { type: 'string', id: 1 }, description: { type: 'string', id: 2 } } } },
            },
            RetryInfo: { fields: { retryDelay: { type: 'google.protobuf.Duration', id: 1 } } },
          },
        },
      },
    },
  },
});
const StatusType = root.lookupType('google.rpc.Status');
const QuotaFailureType = root.lookupType('google.rpc.QuotaFailure');
const RetryInfoType = root.lookupType('google.rpc.RetryInfo');

export interface QuotaRefusal {
  /** What was limited, e.g. `login:account`; never a value the caller should not see. */
  subject: string;
  description: string;
  /** When the caller may try again. */
  retryAfterMs: number;
}

/** The trailer that marks a RESOURCE_EXHAUSTED as a quota refusal. */
export function quotaFailureMetadata(refusal: QuotaRefusal): Metadata {
  const quota = QuotaFailureType.encode({ violations: [{ subject: refusal.subject, description: refusal.description }] }).finish();
  const delayMs = Math.max(0, Math.ceil(refusal.retryAfterMs));
  const retry = RetryInfoType.encode({ retryDelay: { seconds: Math.floor(delayMs / 1000), nanos: (delayMs % 1000) * 1_000_000 } }).finish();
  const details = StatusType.encode({
    code: status.RESOURCE_EXHAUSTED,
    message: refusal.description,
    details: [
      { typeUrl: QUOTA_FAILURE, value: quota },
      { typeUrl: RETRY_INFO, value: retry },
    ],
  }).finish();
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, Buffer.from(details));
  return metadata;
}

/** The quota refusal a failed call carries, or undefined (any other error, or an overloaded server). */
export function quotaRefusalOf(error: unknown): QuotaRefusal | undefined {
  const { code, metadata } = (error ?? {}) as Partial<ServiceError>;
  if (code !== status.RESOURCE_EXHAUSTED || !(metadata instanceof Metadata)) return undefined;
  const [raw] = metadata.get(DETAILS_KEY);
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    const decoded = StatusType.toObject(StatusType.decode(raw), { longs: Number }) as { details?: Array<{ typeUrl: string; value: Uint8Array }> };
    const quota = decoded.details?.find((detail) => detail.typeUrl === QUOTA_FAILURE);
    if (!quota) return undefined;
    const violation = (QuotaFailureType.toObject(QuotaFailureType.decode(quota.value)) as { violations?: Array<{ subject?: string; description?: string }> })
      .violations?.[0];
    const retry = decoded.details?.find((detail) => detail.typeUrl === RETRY_INFO);
    const delay = retry
      ? (RetryInfoType.toObject(RetryInfoType.decode(retry.value), { longs: Number }) as { retryDelay?: { seconds?: number; nanos?: number } }).retryDelay
      : undefined;
    return {
      subject: violation?.subject ?? '',
      description: violation?.description ?? '',
      retryAfterMs: (delay?.seconds ?? 0) * 1000 + Math.round((delay?.nanos ?? 0) / 1_000_000),
    };
  } catch {
    return undefined; // details we cannot read: not a refusal we can vouch for
  }
}

/** Copies the rich error details of a downstream error, so a passed-through refusal stays one. */
export function errorDetailsOf(error: ServiceError): Metadata {
  const metadata = new Metadata();
  for (const value of error.metadata?.get(DETAILS_KEY) ?? []) metadata.add(DETAILS_KEY, value);
  return metadata;
}
