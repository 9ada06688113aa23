package org.hubdex.stack.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.hubdex.stack.PortInUseException;

/** Checks whether a local TCP port is free. Stateless. */
public final class Ports {

    private Ports() {
    }

    /**
     * True when nothing listens on {@code port} on the loopback address and the port can be bound
     * there (a listener on the wildcard address also makes it unbindable).
     */
    public static boolean isFree(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(loopback, port), 300);
            return false;
        } catch (IOException expected) {
            // nothing accepts connections: now make sure we can bind it
        }
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(loopback, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on {@code localhost:port}. */
    public static boolean isListening(int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws {@link PortInUseException} naming the port, its purpose and the variable to change. */
    public static void requireFree(int port, String purpose, String environmentVariable) {
        if (!isFree(port)) {
            throw new PortInUseException(purpose, port, environmentVariable);
        }
    }
}
