// Stands in for the Lambda runtime's own ES module (/var/runtime/index.mjs), which Node has loaded from a file
// before it imports a handler: importing this first, untimed, leaves the handler's import only its own work.
export const runtimeEntry = import.meta.url;
