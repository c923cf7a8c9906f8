package org.staffroom.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;
import org.staffroom.chat.SandboxAccess;

/**
 * Keeps the sandbox a tool for this machine: its page, API and files answer 404 while it is off,
 * and, unless remote use is switched on, to anyone but a browser on this machine.
 *
 * <p>"On this machine" is judged from the TCP peer as the connector saw it, before any proxy
 * header is applied: with {@code server.forward-headers-strategy=native}, Tomcat trusts
 * {@code X-Forwarded-For} from private-range addresses, so a neighbour on the school LAN could
 * otherwise claim to be 127.0.0.1. A request that came through a proxy at all is not local, and
 * a Host header naming another site (DNS rebinding from a web page) is refused too.
 */
@Configuration
class SandboxGate {

    static final String PEER = SandboxGate.class.getName() + ".peer";
    static final String FORWARDED = SandboxGate.class.getName() + ".forwarded";

    /**
     * Records the connection's own peer before Tomcat's proxy valve rewrites it. Run last among the
     * customizers so the valve can be put first, ahead of the RemoteIpValve Boot adds.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatWebServerFactory> sandboxPeerValve() {
        return factory -> {
            List<Valve> valves = new ArrayList<>();
            valves.add(new ValveBase(true) {
                @Override
                public void invoke(Request request, Response response) throws IOException, ServletException {
                    request.setAttribute(PEER, request.getRemoteAddr());
                    request.setAttribute(FORWARDED, forwarded(request));
                    getNext().invoke(request, response);
                }
            });
            valves.addAll(factory.getEngineValves());
            factory.setEngineValves(valves);
        };
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> sandboxOnlyHere(SandboxAccess access) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!access.enabled() || (!access.allowsRemote() && !local(request))) {
                    // The same answer as for a page that does not exist: nothing here advertises the sandbox.
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
        bean.addUrlPatterns("/sandbox", "/sandbox/*");
        // Before Spring Security, so a refused caller meets no sign-in redirect either.
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    /** The connection comes from this machine, straight (no proxy), and asks for this machine by name. */
    static boolean local(HttpServletRequest request) {
        Object peer = request.getAttribute(PEER);
        String address = peer instanceof String s ? s : request.getRemoteAddr();
        boolean proxied = Boolean.TRUE.equals(request.getAttribute(FORWARDED)) || forwarded(request);
        return !proxied && loopback(address) && localHost(request.getServerName());
    }

    private static boolean forwarded(ServletRequest request) {
        HttpServletRequest http = (HttpServletRequest) request;
        return http.getHeader("Forwarded") != null
                || http.getHeader("X-Forwarded-For") != null
                || http.getHeader("X-Forwarded-Host") != null
                || http.getHeader("X-Real-IP") != null;
    }

    static boolean loopback(String address) {
        if (address == null || address.isBlank()) return false;
        // Only literal addresses are judged: a name is never looked up (getByName on a literal does no DNS).
        if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) return false;
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean localHost(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.endsWith(".localhost") || loopback(h);
    }
}
