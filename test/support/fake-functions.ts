/**
 * Stand-in Lambda functions for tests of code that invokes functions by catalog id (the local API server, a
 * workflow runner): each id maps to a plain async function, and every invocation is recorded.
 *
 *   const functions = fakeFunctions({ 'get-thing': async () => ({ statusCode: 200, body: '{}' }) });
 *   await startApiServer({ ..., invokeFunction: functions.invoke });
 *   expect(functions.events('get-thing')).toHaveLength(1);
 */
export type FakeFunction = (event: unknown) => unknown;

export interface FakeFunctions {
  /** Has the signature of `invokeLocalFunction`. */
  readonly invoke: (functionId: string, event: unknown) => Promise<unknown>;
  /** The events one function received, oldest first. */
  events(functionId: string): readonly unknown[];
}

export function fakeFunctions(handlers: Readonly<Record<string, FakeFunction>>): FakeFunctions {
  const received = new Map<string, unknown[]>();
  return {
    async invoke(functionId, event) {
      const handler = handlers[functionId];
      if (handler === undefined) throw new Error(`No fake function '${functionId}'`);
      received.set(functionId, [...(received.get(functionId) ?? []), event]);
      return handler(event);
    },
    events: (functionId) => received.get(functionId) ?? [],
  };
}
