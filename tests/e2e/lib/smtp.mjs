// A tiny SMTP listener for the end-to-end tests (node `net` only): enough
// ESMTP for lettre's plain transport (`PW_SMTP_URL=smtp://127.0.0.1:PORT`:
// lettre 0.11 reads no `tls` query as "no TLS at all", and we offer no
// STARTTLS; `?tls=none` is not a value lettre knows: the server would refuse
// to start), and enough MIME to read what the server sends: multipart
// bodies, quoted-printable / base64 / 7bit / 8bit parts, RFC 2047 subjects.
//
// Each accepted message is kept as { from, to, raw, headers, subject, text, html }.
import { createServer } from "node:net";

const MAX_LINE = 1000 * 1000; // far beyond RFC 5321's 1000, still bounded

/** The bytes of a quoted-printable body (soft line breaks removed). */
function quotedPrintable(s) {
  const out = [];
  const src = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      out.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      // The raw message was read as UTF-8: a literal non-ASCII character
      // (an 8-bit part mislabelled) keeps its UTF-8 bytes.
      out.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(out);
}

function charsetDecode(bytes, charset = "utf-8") {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** RFC 2047: `=?utf-8?B?...?=` and `=?utf-8?Q?...?=` words in a header value. */
export function decodeWords(value) {
  // Whitespace between two encoded words is not part of the text.
  const joined = value.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, "$1");
  // Decode runs of words of one charset together: a multi-byte character may
  // be split across two words.
  return joined.replace(/(?:=\?([^?\s*]+)(?:\*[^?]*)?\?([BbQq])\?([^?\s]*)\?=)+/g, (run) => {
    const words = [...run.matchAll(/=\?([^?\s*]+)(?:\*[^?]*)?\?([BbQq])\?([^?\s]*)\?=/g)];
    const parts = [];
    let charset = "utf-8";
    for (const [, cs, enc, text] of words) {
      charset = cs;
      parts.push(enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : quotedPrintable(text.replace(/_/g, " ")));
    }
    return charsetDecode(Buffer.concat(parts), charset);
  });
}

/** Headers (unfolded, names lower-cased, repeated ones in an array) and body. */
function splitEntity(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : "";
  const headers = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    (headers[name] ??= []).push(value);
  }
  return { headers, body };
}

/** `text/plain; charset="utf-8"` → { type: "text/plain", params: { charset: "utf-8" } }. */
function contentType(value = "text/plain") {
  const [type, ...rest] = value.split(";");
  const params = {};
  for (const p of rest) {
    const i = p.indexOf("=");
    if (i < 0) continue;
    let v = p.slice(i + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    params[p.slice(0, i).trim().toLowerCase()] = v;
  }
  return { type: type.trim().toLowerCase(), params };
}

/** The leaf parts of a MIME entity: [{ type, text }]. */
function leaves(raw) {
  const { headers, body } = splitEntity(raw);
  const ct = contentType(headers["content-type"]?.[0]);
  if (ct.type.startsWith("multipart/") && ct.params.boundary) {
    const b = ct.params.boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pieces = body.split(new RegExp(`(?:^|\\r?\\n)--${b}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    // pieces[0] is the preamble, the last one after the closing line the epilogue.
    return pieces.slice(1, -1).flatMap(leaves);
  }
  const cte = (headers["content-transfer-encoding"]?.[0] || "7bit").trim().toLowerCase();
  let bytes;
  if (cte === "base64") bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  else if (cte === "quoted-printable") bytes = quotedPrintable(body);
  else bytes = Buffer.from(body, "utf8");
  return [{ type: ct.type, text: charsetDecode(bytes, ct.params.charset).replace(/\r\n/g, "\n") }];
}

/** Reads one received message. */
export function parseMessage(raw) {
  const { headers } = splitEntity(raw);
  const parts = leaves(raw);
  return {
    headers,
    subject: decodeWords(headers.subject?.[0] ?? ""),
    text: parts.find((p) => p.type === "text/plain")?.text ?? null,
    html: parts.find((p) => p.type === "text/html")?.text ?? null,
  };
}

/**
 * Starts the listener on 127.0.0.1 (a free port unless `port` is given).
 * Resolves to { port, url, messages, waitFor, close }.
 */
export async function startSmtp({ port = 0 } = {}) {
  const messages = [];
  const waiters = new Set();
  const sockets = new Set();

  const accept = (msg) => {
    messages.push(msg);
    for (const w of [...waiters]) w(msg);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let envelope = { from: null, to: [] };
    let data = null; // lines of the DATA section while reading it
    const reply = (s) => { if (!socket.destroyed) socket.write(`${s}\r\n`); };

    const command = (line) => {
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line.slice(4).trim();
      const address = (s) => /<([^>]*)>/.exec(s)?.[1] ?? s.split(/\s+/)[0];
      switch (verb) {
        case "EHLO":
          // No STARTTLS, no AUTH: a plain relay. 8BITMIME and SMTPUTF8 so any
          // body the client picks is welcome.
          return reply("250-localhost greets you\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-SIZE 26214400\r\n250 ENHANCEDSTATUSCODES");
        case "HELO": return reply("250 localhost");
        case "MAIL":
          if (!/^FROM:/i.test(arg)) return reply("501 5.5.4 MAIL FROM:<address>");
          envelope = { from: address(arg.slice(5).trim()), to: [] };
          return reply("250 2.1.0 OK");
        case "RCPT":
          if (!/^TO:/i.test(arg)) return reply("501 5.5.4 RCPT TO:<address>");
          if (envelope.from === null) return reply("503 5.5.1 MAIL first");
          envelope.to.push(address(arg.slice(3).trim()));
          return reply("250 2.1.5 OK");
        case "DATA":
          if (!envelope.to.length) return reply("503 5.5.1 RCPT first");
          data = [];
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET": envelope = { from: null, to: [] }; return reply("250 2.0.0 OK");
        case "NOOP": return reply("250 2.0.0 OK");
        case "VRFY": return reply("252 2.1.5 Cannot verify");
        case "QUIT": reply("221 2.0.0 Bye"); return socket.end();
        default: return reply("502 5.5.2 Command not implemented");
      }
    };

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let nl; (nl = buffer.indexOf(0x0a)) >= 0;) {
        const bytes = buffer.subarray(0, nl + 1);
        buffer = buffer.subarray(nl + 1);
        const line = bytes.toString("utf8").replace(/\r?\n$/, "");
        if (data) {
          if (line === ".") {
            const raw = data.join("\r\n") + "\r\n";
            accept({ from: envelope.from, to: envelope.to, raw, ...parseMessage(raw) });
            envelope = { from: null, to: [] };
            data = null;
            reply("250 2.0.0 Queued");
          } else {
            data.push(line.startsWith(".") ? line.slice(1) : line); // dot-unstuffing
          }
        } else {
          command(line);
        }
      }
      if (buffer.length > MAX_LINE) { reply("500 5.5.6 Line too long"); socket.destroy(); }
    });
    reply("220 localhost ESMTP pw-e2e");
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = server.address().port;

  return {
    port: actual,
    /** For `PW_SMTP_URL`: plain SMTP (lettre: no `tls` query = no TLS). */
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    /**
     * The first message (received already or to come) that `predicate`
     * accepts; rejects after `ms` naming what did arrive.
     */
    waitFor(predicate, ms = 15_000) {
      const matches = (m) => { try { return Boolean(predicate(m)); } catch { return false; } };
      const found = messages.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `${m.to.join()}: ${m.subject}`).join("\n  ");
          reject(new Error(`no matching e-mail within ${ms} ms; received:\n  ${seen || "(none)"}`));
        }, ms);
        const check = (m) => {
          if (!matches(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
