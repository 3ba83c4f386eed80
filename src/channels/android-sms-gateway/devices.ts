// Keeps track of the gateway phones: which network each SIM is on, when each last answered, and in what order to try them.
import type { MalianOperator } from '../../phone/operators.ts';

export interface GatewayDevice {
  /** The app's device id (the `deviceId` of its webhooks), so webhooks can mark the phone as alive. */
  id: string;
  /** Local mode: 'http://192.168.1.10:8080'; cloud: 'https://api.sms-gate.app/3rdparty/v1'. POST goes to `${baseUrl}/messages`. */
  baseUrl: string;
  username: string;
  password: string;
  /** Networks of the SIMs in this phone. */
  operators: readonly MalianOperator[];
  /** Dual-SIM phone: which SIM slot (1–3) sends to which network. */
  simNumbers?: Partial<Record<MalianOperator, number>>;
  /** Cloud or private server with several phones on one account: target this phone. */
  cloudDeviceId?: string;
  /** App versions before textMessage existed take the older `{ message }` body. */
  legacyBody?: boolean;
}

export interface DeviceStatus {
  id: string;
  operators: readonly MalianOperator[];
  /** False after a network error, timeout or 5xx, until the phone is heard from again. */
  online: boolean;
  /** Last webhook, ping or successful send. */
  lastContact: Date | null;
  lastFailure: Date | null;
  /** SendError code of the last failure, e.g. 'timeout'. */
  lastError: string | null;
}

export interface DevicePool {
  /** Phones to try for this recipient's network: same network first, phones that answered last time first. */
  order(operator: MalianOperator | null): GatewayDevice[];
  markContact(deviceId: string, at: Date): boolean;
  markFailure(deviceId: string, at: Date, code: string): void;
  snapshot(): DeviceStatus[];
}

export function createDevicePool(devices: readonly GatewayDevice[]): DevicePool {
  if (devices.length === 0) throw new Error('the SIM gateway channel needs at least one device');
  const ids = new Set<string>();
  for (const device of devices) {
    if (ids.has(device.id)) throw new Error(`SIM gateway device '${device.id}' is listed twice`);
    ids.add(device.id);
  }
  const state = new Map(
    devices.map((d) => [
      d.id,
      { lastContact: null as Date | null, lastFailure: null as Date | null, lastError: null as string | null },
    ]),
  );
  const isOnline = (id: string) => {
    const s = state.get(id);
    return !s?.lastFailure || (s.lastContact !== null && s.lastContact >= s.lastFailure);
  };

  return {
    order(operator) {
      // Stable sort on (network match, online): configuration order breaks ties.
      const rank = (d: GatewayDevice) => (operator && d.operators.includes(operator) ? 0 : 1) + (isOnline(d.id) ? 0 : 2);
      return [...devices].sort((a, b) => rank(a) - rank(b));
    },
    markContact(deviceId, at) {
      const s = state.get(deviceId);
      if (!s) return false;
      if (!s.lastContact || at > s.lastContact) s.lastContact = at;
      return true;
    },
    markFailure(deviceId, at, code) {
      const s = state.get(deviceId);
      if (!s) return;
      s.lastFailure = at;
      s.lastError = code;
    },
    snapshot() {
      return devices.map((d) => {
        const s = state.get(d.id)!;
        return {
          id: d.id,
          operators: d.operators,
          online: isOnline(d.id),
          lastContact: s.lastContact,
          lastFailure: s.lastFailure,
          lastError: s.lastError,
        };
      });
    },
  };
}
