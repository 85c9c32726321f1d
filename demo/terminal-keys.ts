/**
 * Single-key controls when stdin is a terminal: a digit taps a random demo
 * volunteer's card at that station, `a`/`A` the first demo volunteer's (V0001, to
 * link a phone as V0001) at station 1/2, `u`/`U` an unknown card at station 1/2,
 * `q` (or Ctrl-C, which raw mode delivers as a byte) quits.
 */
export interface TerminalKeyActions {
  tapVolunteer(stationIndex: number): void;
  tapUnknown(stationIndex: number): void;
  tapFirstVolunteer(stationIndex: number): void;
  quit(): void;
}

const CTRL_C = '\u0003';

/** Runs the action bound to `key`; returns false for a key with no meaning. */
export function keyAction(key: string, stationCount: number, actions: TerminalKeyActions): boolean {
  if (key === 'q' || key === CTRL_C) {
    actions.quit();
  } else if (key === 'u') {
    actions.tapUnknown(0);
  } else if (key === 'U' && stationCount > 1) {
    actions.tapUnknown(1);
  } else if (key === 'a') {
    actions.tapFirstVolunteer(0);
  } else if (key === 'A' && stationCount > 1) {
    actions.tapFirstVolunteer(1);
  } else if (/^[1-9]$/.test(key) && Number(key) <= stationCount) {
    actions.tapVolunteer(Number(key) - 1);
  } else {
    return false;
  }
  return true;
}

/** Returns a function that restores the terminal. Does nothing when stdin is not a TTY. */
export function listenForKeys(stationCount: number, actions: TerminalKeyActions): () => void {
  const stdin = process.stdin;
  if (!stdin.isTTY) return () => undefined;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  const onData = (chunk: string) => {
    for (const key of chunk) keyAction(key, stationCount, actions);
  };
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
}
