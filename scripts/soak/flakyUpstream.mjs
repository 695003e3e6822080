// The soak's "flaky upstream": a local HTTP server behind the proxy route /flaky (added by a
// config override). It answers 200 with a small JSON body; during its fault window it destroys
// the connection of every other request without answering (a reset), as an API behind a
// failing load balancer would. The proxy must then answer 502 with the cause, and only then.
import http from 'node:http';

export async function startFlakyUpstream() {
  let faulty = false;
  let inWindow = 0;
  const stats = { answered: 0, reset: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    if (faulty && inWindow++ % 2 === 1) {
      stats.reset++;
      req.socket.destroy();
      return;
    }
    stats.answered++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    /** Starts (true) or ends (false) the fault window. */
    setFaulty(on) {
      faulty = on;
      inWindow = 0;
    },
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
