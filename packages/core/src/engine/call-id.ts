// crypto.randomUUID() would do, but its first use loads Node's WebCrypto, several ms
// on the path of a cold first call. These ids need only be distinct: per process (the
// workers of a pool cache per call id) and, for a queue shared by callers on many
// hosts, across processes, which ~100 random bits per process ensure.
const processTag = randomPart() + randomPart()
let calls = 0

/** A new call id: this process's random tag and a counter (letters, digits and '-'). */
export function newCallId(): string {
  return `${processTag}-${(calls++).toString(36)}`
}

function randomPart(): string {
  return Math.floor(Math.random() * 2 ** 52).toString(36).padStart(11, '0')
}
