/**
 * Node 20 lacks `Promise.withResolvers` (Node 22), which aws-local-stepfunctions 3 calls. Import this module
 * first in anything that loads the engine; it only fills the gap and never replaces a native implementation.
 */
const promiseConstructor: PromiseConstructor & { withResolvers?: unknown } = Promise;

if (typeof promiseConstructor.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
