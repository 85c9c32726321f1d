/** Typed errors of the embedded broker, so a launcher can tell the user exactly what to change. */

export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(
    readonly port: number,
    readonly host: string,
    /** What wanted the port, e.g. "MQTT (TCP)". */
    readonly role: string,
  ) {
    super(`${role} cannot listen on ${host}:${port}: the port is already in use.`);
    this.name = 'PortInUseError';
  }
}

export class ListenError extends Error {
  readonly code = 'LISTEN_FAILED';
  constructor(
    readonly port: number,
    readonly host: string,
    readonly role: string,
    cause: Error,
  ) {
    super(`${role} cannot listen on ${host}:${port}: ${cause.message}`, { cause });
    this.name = 'ListenError';
  }
}

/** Wraps a listen failure: EADDRINUSE becomes a PortInUseError, anything else a ListenError. */
export function listenFailure(err: Error & { code?: string }, port: number, host: string, role: string): Error {
  return err.code === 'EADDRINUSE' ? new PortInUseError(port, host, role) : new ListenError(port, host, role, err);
}
