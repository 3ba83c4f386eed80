// A delivery report moves the message's state and, for an alert SMS that reached the phone, the alert.
import type { DeliveryReport, OutboundService } from '../outbound/outbound.service.ts';
import type { AlertsService } from './alerts.service.ts';

export function createDeliveryHandler(deps: { outbound: OutboundService; alerts: AlertsService }) {
  return async (channel: string, dlr: DeliveryReport) => {
    const result = await deps.outbound.applyDeliveryReport(channel, dlr);
    if (result.changed && result.state === 'delivered' && result.alertId) {
      await deps.alerts.apply(result.alertId, 'deliver', {
        actor: 'system',
        channel,
        reason: 'delivery report: the alert SMS reached the phone',
      });
    }
    return result;
  };
}
export type DeliveryHandler = ReturnType<typeof createDeliveryHandler>;
