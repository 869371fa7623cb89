package org.modelgate.webconsole.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Just enough of a servlet request and response for a security provider (no servlet container in unit tests). */
final class FakeHttp {
    private FakeHttp() {
    }

    /** A request's method, headers, and the attributes the provider sets. */
    static final class Request {
        final String method;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, Object> attributes = new HashMap<>();

        Request(String method) {
            this.method = method;
            headers.put("Host", "127.0.0.1:8080");
        }

        Request basic(String user, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        HttpServletRequest servlet() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { HttpServletRequest.class },
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getMethod" -> this.method;
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getRequestURI" -> "/system/console/bundles";
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "toString" -> "FakeHttp.Request " + this.method;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    /** What the provider answered. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse servlet() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { HttpServletResponse.class },
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
                        case "getOutputStream" -> stream;
                        case "flushBuffer" -> null;
                        case "toString" -> "FakeHttp.Response " + status;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
