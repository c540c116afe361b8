/** The last segment of a URI, decoded, for messages that name a file ("Defined in customer.avsc"). */
export function fileName(uri: string): string {
  const slash = uri.lastIndexOf('/');
  try {
    return decodeURIComponent(uri.slice(slash + 1));
  } catch (error) {
    // A `%` that starts no escape: the name as written.
    if (error instanceof URIError) return uri.slice(slash + 1);
    throw error;
  }
}
