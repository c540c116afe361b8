/** A failure to start or stop the local stack; the message is meant for the user. */
export class StackError extends Error {}
