import { once } from 'node:events';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { OutageProxy } from './outage-proxy';

/** A connection to the proxy; what is written before it is up waits for it. */
function dial(proxy: OutageProxy): Socket {
  return connect(Number(new URL(proxy.url).port), '127.0.0.1');
}

/** How the connection ended: the error's code, or 'closed'. */
function ending(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('close', () => resolve('closed'));
  });
}

/** Sends `text` and answers what comes back, or how the connection ended. */
async function roundTrip(socket: Socket, text: string): Promise<string> {
  const answer = Promise.race([once(socket, 'data').then(([data]: Buffer[]) => data.toString()), ending(socket)]);
  socket.write(text);
  return answer;
}

describe(OutageProxy.name, () => {
  let echo: Server;
  let target: string;
  let proxy: OutageProxy;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    target = `amqp://user:secret@127.0.0.1:${(echo.address() as AddressInfo).port}/team%2Fvhost?heartbeat=5`;
    proxy = await OutageProxy.start(target);
  });

  afterEach(async () => {
    sockets.forEach((socket) => socket.destroy());
    await proxy.close();
    echo.close();
  });

  it('keeps everything of the URL but the port, and forwards both ways', async () => {
    const socket = dial(proxy);
    sockets.push(socket);

    const answer = await roundTrip(socket, 'hello');

    expect(proxy.url).toMatch(/^amqp:\/\/user:secret@127\.0\.0\.1:\d+\/team%2Fvhost\?heartbeat=5$/);
    expect(proxy.url).not.toBe(target);
    expect(answer).toBe('hello');
  });

  it('keeps an http URL without a trailing slash as given', async () => {
    const http = await OutageProxy.start('http://127.0.0.1:9200');
    try {
      expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await http.close();
    }
  });

  it('resets live connections on cut, turns new ones away until restore, then forwards again', async () => {
    const live = dial(proxy);
    sockets.push(live);
    expect(await roundTrip(live, 'before')).toBe('before');

    const cut = proxy.cut();
    const liveEnd = await ending(live);
    const during = dial(proxy);
    sockets.push(during);
    const duringAnswer = await roundTrip(during, 'during');
    const refused = proxy.refused;
    proxy.restore();
    const after = dial(proxy);
    sockets.push(after);
    const afterAnswer = await roundTrip(after, 'after');

    expect(cut).toBe(1);
    expect(liveEnd).toBe('ECONNRESET');
    expect(['ECONNRESET', 'closed']).toContain(duringAnswer);
    expect(refused).toBe(1);
    expect(afterAnswer).toBe('after');
  });

  it('resets the client when the service is not there', async () => {
    echo.close();
    await once(echo, 'close');
    const socket = dial(proxy);
    sockets.push(socket);

    expect(['ECONNRESET', 'closed']).toContain(await roundTrip(socket, 'anyone?'));
  });
});
