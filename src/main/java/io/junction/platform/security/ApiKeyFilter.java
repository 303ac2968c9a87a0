package io.junction.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key: header {@value #HEADER}, or {@code Authorization: Bearer <key>}. A known
 * key makes the request its holder's ({@link #PRINCIPAL_PREFIX}name, with the holder's role; an operator key also
 * reads); an unknown one is answered 401 at once, never treated as anonymous. It runs after the login (HTTP Basic), so
 * it also names the caller, whichever way they authenticated, in the request attribute {@link #CALLER}. Not a bean:
 * Spring Boot would put a filter bean in front of every request, webhooks included.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";
    public static final String PRINCIPAL_PREFIX = "api-key:";
    /** The request attribute naming the caller, for code that runs off the request's thread (CustomerReadAudit). */
    public static final String CALLER = "junction.caller";

    private static final String BEARER = "Bearer ";
    private final SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    private final ApiKeys keys;
    private final AuthenticationEntryPoint refusal;

    public ApiKeyFilter(ApiKeys keys, AuthenticationEntryPoint refusal) {
        this.keys = keys;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> presented = presented(request);
        if (presented.isPresent()) {
            Optional<ApiKeys.Holder> holder = keys.holderOf(presented.get());
            if (holder.isEmpty()) {
                refusal.commence(request, response, new BadCredentialsException("unknown API key"));
                return;
            }
            String role = holder.get().role();
            String[] roles = role.equals(Roles.OPERATOR)
                    ? new String[] {"ROLE_" + role, "ROLE_" + Roles.VIEWER}
                    : new String[] {"ROLE_" + role};
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    PRINCIPAL_PREFIX + holder.get().name(), null, AuthorityUtils.createAuthorityList(roles)));
            SecurityContextHolder.setContext(context);
            // kept with the request too, for its async dispatch (the Camel REST routes answer asynchronously)
            contexts.saveContext(context, request, response);
        }
        if (SecurityContextHolder.getContext().getAuthentication() != null) {
            request.setAttribute(
                    CALLER,
                    SecurityContextHolder.getContext().getAuthentication().getName());
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> presented(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return Optional.of(key.trim());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        return Optional.empty();
    }
}
