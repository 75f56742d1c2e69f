/**
 * @module sync/base64
 * Base64 to bytes for the small binary payloads the API carries as JSON
 * (the server's Yjs state vector).
 */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

