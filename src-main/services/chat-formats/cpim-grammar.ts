/** Lexical pieces of RFC 3862 §3.1 shared by the CPIM writer and reader. */

/** `Name = 1*NAMECHAR`, NAMECHAR = %x21 / %x23-27 / %x2a-2b / %x2d / %x5e-60 / %x7c / %x7e / ALPHA / DIGIT. */
export const CPIM_NAME = /^[!#$%&'*+\-^_`|~A-Za-z0-9]+$/;

/** A MIME header name (RFC 5322 §3.6.8 field-name: printable ASCII but colon). */
export const MIME_HEADER_NAME = /^[!-9;-~]+$/;

/** RFC 5646 language tag, loosely (Subject `;lang=`). */
export const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
