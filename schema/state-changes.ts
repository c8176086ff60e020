import {
  bigint,
  boolean,
  bytea,
  cidr,
  date,
  defineTable,
  doublePrecision,
  enumOf,
  inet,
  integer,
  interval,
  json,
  numeric,
  real,
  smallint,
  text,
  timeRangePartitions,
  timestamp,
  timestamptz,
  uuid,
  varchar,
} from 'pgtwin/schema';
import { operationType, stateChangeReason } from './enums.ts';

/**
 * What each operation changed: wide, most columns nullable, as an indexer's state-change
 * table is. Range-partitioned by month on the ledger's close time, like the other event
 * tables (so no foreign key to the partitioned "operations").
 */
export default defineTable({
  name: 'state_changes',
  columns: {
    operation_id: bigint(),
    change_index: smallint(),
    ledger_sequence: bigint(),
    account: varchar(56),
    reason: enumOf(stateChangeReason),
    operation_types: enumOf(operationType).array().nullable(),
    asset_code: varchar(12).nullable(),
    asset_issuer: varchar(56).nullable(),
    amount: numeric(39, 7).nullable(),
    balance_after: numeric().nullable(),
    price: doublePrecision().nullable(),
    price_approx: real().nullable(),
    flags: integer().nullable(),
    thresholds: smallint().array().nullable(),
    signer_weights: integer().array().nullable(),
    signer_keys: text().array().nullable(),
    data_name: text().nullable(),
    data_value: bytea().nullable(),
    is_authorized: boolean().nullable(),
    sponsor_id: uuid().nullable(),
    expires_on: date().nullable(),
    valid_for: interval().nullable(),
    peer_address: inet().nullable(),
    peer_network: cidr().nullable(),
    raw_effect: json().nullable(),
    observed_at: timestamp().nullable(),
    closed_at: timestamptz(),
  },
  primaryKey: ['operation_id', 'change_index', 'closed_at'],
  partitionBy: {
    kind: 'range',
    columns: ['closed_at'],
    partitions: timeRangePartitions({ prefix: 'state_changes', from: '2024-01', to: '2026-01', interval: 'month' }),
    defaultPartition: true,
  },
});
