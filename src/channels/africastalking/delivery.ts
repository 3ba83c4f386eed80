// Turns an Africa's Talking delivery-report callback into a message state change, using the status table in statuses.ts.
import { z } from 'zod';
import { required } from '../schema.ts';
import type { ParseResult } from '../types.ts';
import { DLR_STATUS_NAMES, canonicalFailureReason, lookupDlrStatus, type DeliveryState } from './statuses.ts';

export interface DeliveryReport {
  /** Equals the messageId AT gave when we sent. */
  providerMessageId: string;
  /** The status exactly as AT sent it. */
  rawStatus: string;
  state: DeliveryState;
  /** A final state must not be overwritten by a later non-final one. */
  final: boolean;
  /** AT's spelling, whatever the casing received; null when absent or 'none'. */
  failureReason: string | null;
  networkCode: string | null;
}

// Unknown extra fields (phoneNumber, retryCount, …) are stripped by z.object.
const schema = z.object({
  id: required('id'),
  status: required('status'),
  failureReason: z.string().optional(),
  networkCode: z.string().optional(),
});

export function parseDeliveryReport(form: Record<string, string | undefined>): ParseResult<DeliveryReport> {
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? 'body'), message: issue?.message ?? 'invalid body' };
  }
  const body = parsed.data;
  const status = lookupDlrStatus(body.status);
  if (!status) {
    return {
      ok: false,
      field: 'status',
      message: `unknown status '${body.status}'; expected one of ${DLR_STATUS_NAMES.join(', ')}`,
    };
  }
  const networkCode = body.networkCode?.trim() ?? '';
  return {
    ok: true,
    flags: [],
    value: {
      providerMessageId: body.id.trim(),
      rawStatus: body.status,
      state: status.state,
      final: status.final,
      failureReason: canonicalFailureReason(body.failureReason),
      networkCode: networkCode === '' ? null : networkCode,
    },
  };
}
