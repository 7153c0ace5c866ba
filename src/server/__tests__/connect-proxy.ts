/**
 * A real HTTP CONNECT proxy on 127.0.0.1 for the tests (Node built-ins only): it opens tunnels, counts them,
 * records the Proxy-Authorization headers it got, and answers 407 when it wants credentials it did not get.
 */
import http from 'http';
import net from 'net';

export class ConnectProxy {
  /** CONNECT requests received (one per tunnel opened; keep-alive reuses a tunnel). */
  connects = 0;
  /** The Proxy-Authorization header of each CONNECT ('' when none). */
  readonly authorizations: string[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly credentials?: { user: string; password: string },
  ) {
    server.on('connect', (req, client: net.Socket, head: Buffer) => this.tunnel(req, client, head));
    server.on('request', (_req, res) => res.writeHead(405).end()); // only tunnels here
    server.on('connection', (socket) => this.track(socket));
  }

  static async start(credentials?: { user: string; password: string }): Promise<ConnectProxy> {
    const proxy = new ConnectProxy(http.createServer(), credentials);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `http://[user:password@]127.0.0.1:PORT`, with the credentials given (or none). */
  url(credentials: { user: string; password: string } | undefined = this.credentials): string {
    const auth = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`
      : '';
    return `http://${auth}127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer) {
    this.connects++;
    const authorization = String(req.headers['proxy-authorization'] ?? '');
    this.authorizations.push(authorization);
    const { user, password } = this.credentials ?? {};
    if (this.credentials && authorization !== `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host, port] = String(req.url).split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
