import { cpus, freemem, loadavg, totalmem, type } from 'node:os';

export interface MachineDescription {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the bench started and ended: how busy the machine was. */
  readonly loadAtStart: number;
}

/** What the figures were measured on. */
export function describeMachine(): MachineDescription {
  const [first] = cpus();
  return {
    cpu: first?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${process.arch}`,
    node: process.version,
    loadAtStart: loadavg()[0] ?? 0,
  };
}

export const currentLoad = (): number => loadavg()[0] ?? 0;
export const freeMemoryGb = (): number => Math.round((freemem() / 1024 ** 3) * 10) / 10;
