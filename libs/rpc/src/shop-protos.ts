import type { ProtoGrpcType as CartProtos } from './generated/cart_service';
import type { Timestamp, Timestamp__Output } from './generated/google/protobuf/Timestamp';
import type { ProtoGrpcType as InventoryProtos } from './generated/inventory_service';
import type { ProtoGrpcType as OrderProtos } from './generated/order_service';
import type { ProtoGrpcType as PaymentProtos } from './generated/payment_service';
import type { ProtoGrpcType as UserProtos } from './generated/user_service';
import { loadProtos, type LoadedProtos } from './protos';

/** Every shop service and message, typed from the generated code: `protos.shop.user.v1.UserService`. */
export type ShopProtos = UserProtos & InventoryProtos & PaymentProtos & OrderProtos & CartProtos;

let loaded: LoadedProtos<ShopProtos> | undefined;

/** shop's protos, loaded once per process. */
export function shopProtos(): LoadedProtos<ShopProtos> {
  return (loaded ??= loadProtos<ShopProtos>());
}

/** google.protobuf.Timestamp from a Date (or epoch milliseconds). */
export function toTimestamp(value: Date | number): Timestamp {
  const ms = typeof value === 'number' ? value : value.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** A Date from google.protobuf.Timestamp; null stays null (an unset timestamp). */
export function fromTimestamp(value: Timestamp__Output | null | undefined): Date | null {
  if (!value) return null;
  return new Date(Number(value.seconds) * 1000 + Math.floor(value.nanos / 1_000_000));
}
