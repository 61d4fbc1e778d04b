/** Errors as values: a code and a human message, shared by the protocol, the verbs and the store. */
package todo.error;
