// Calls into the WebAssembly module: a failure crosses as JSON text ({code, message, path?,
// details?}) and is thrown here as the error class of its code.
import { AffiliateKitError, ERRORS_BY_CODE } from './errors.js';

/** The error a failure thrown by the WebAssembly module stands for (other throwables pass through). */
export function toError(thrown) {
  if (typeof thrown !== 'string') return thrown;
  let failure;
  try {
    failure = JSON.parse(thrown);
  } catch {
    return new Error(thrown);
  }
  return errorOf(failure);
}

/** The error of a failure the module answered as data ({code, message, path?, details?}). */
export function errorOf(failure) {
  const Class = ERRORS_BY_CODE[failure.code] ?? AffiliateKitError;
  return new Class(failure.message, failure);
}

/** Calls a function of the WebAssembly module, throwing its failure as the error of its kind. */
export function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw toError(thrown);
  }
}

/** Calls a function of the module that answers JSON text, and parses the answer. */
export function callJson(fn, ...args) {
  return JSON.parse(call(fn, ...args));
}
