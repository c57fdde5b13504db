package io.github.imageedits.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * Both ends of every connection between a client and a MockWebServer: the client's sockets (through
 * the {@link SocketFactory} given to OkHttp) and the server's accepted ones. A test compares them
 * with the client's connection pool: a connection the client still holds open that the pool does
 * not know about has leaked.
 *
 * <p>It can also drop a connection in the middle of an upload, on the server's side, once a given
 * number of bytes has arrived: a fault MockWebServer's own socket effects cannot play more than once
 * in order, because a request that never completes leaves its scripted response queued.
 */
final class SocketLedger {
  private final Set<Socket> client = ConcurrentHashMap.newKeySet();
  private final AtomicInteger clientCreated = new AtomicInteger();
  private final AtomicInteger serverAccepted = new AtomicInteger();
  private final AtomicLong dropAfter = new AtomicLong(-1);

  /** Client sockets not closed yet. */
  int clientOpen() {
    client.removeIf(Socket::isClosed);
    return client.size();
  }

  int clientCreated() {
    return clientCreated.get();
  }

  int serverAccepted() {
    return serverAccepted.get();
  }

  /** The next connection that receives more than {@code bytes} is reset by the server. */
  void dropNextConnectionAfter(long bytes) {
    dropAfter.set(bytes);
  }

  SocketFactory clientSockets() {
    return new SocketFactory() {
      @Override
      public Socket createSocket() {
        Socket socket = new Socket();
        client.add(socket);
        clientCreated.incrementAndGet();
        return socket;
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
          throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
      }
    };
  }

  ServerSocketFactory serverSockets() {
    return new ServerSocketFactory() {
      @Override
      public ServerSocket createServerSocket() throws IOException {
        return new Accepting();
      }

      @Override
      public ServerSocket createServerSocket(int port) throws IOException {
        Accepting socket = new Accepting();
        socket.bind(new InetSocketAddress(port));
        return socket;
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        Accepting socket = new Accepting();
        socket.bind(new InetSocketAddress(port), backlog);
        return socket;
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        Accepting socket = new Accepting();
        socket.bind(new InetSocketAddress(address, port), backlog);
        return socket;
      }
    };
  }

  private final class Accepting extends ServerSocket {
    Accepting() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket socket = new Dropping();
      implAccept(socket);
      serverAccepted.incrementAndGet();
      return socket;
    }
  }

  /** A server-side socket that resets itself when an armed drop says so. */
  private final class Dropping extends Socket {
    private long received;

    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            received += n;
            long limit = dropAfter.get();
            if (limit >= 0 && received > limit && dropAfter.compareAndSet(limit, -1)) {
              setSoLinger(true, 0); // a reset, as a crashed server or a proxy gives, not a clean close
              close();
              throw new SocketException("connection dropped by the fault kit after " + received + " bytes");
            }
          }
          return n;
        }
      };
    }
  }
}
