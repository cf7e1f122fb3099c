package org.transfer4j.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.0 server on 127.0.0.1 for download tests, on a raw socket so that a test can drop
 * a connection mid-file (the JDK's HttpServer keeps it open) or stall it. One connection per request.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** How a path misbehaves. */
    public enum Fault { NONE, DROP_HALFWAY, STALL_HALFWAY }

    private final ServerSocket socket;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    public LocalHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "local-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> handle(s), "local-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // headers are ignored
            }
            requests.incrementAndGet();
            String path = requestLine == null ? "/" : requestLine.split(" ")[1];
            OutputStream out = s.getOutputStream();
            byte[] body = files.get(path);
            if (body == null) {
                out.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Fault fault = faults.getOrDefault(path, Fault.NONE);
            out.write(body, 0, fault == Fault.NONE ? body.length : body.length / 2);
            out.flush();
            if (fault == Fault.STALL_HALFWAY) {
                Thread.sleep(30_000); // bounded: the client's read timeout is what the test checks
            }
        } catch (IOException | InterruptedException e) {
            // the client went away; nothing to do
        }
    }

    public LocalHttpServer serve(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    public LocalHttpServer serve(String path, byte[] body, Fault fault) {
        faults.put(path, fault);
        return serve(path, body);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
