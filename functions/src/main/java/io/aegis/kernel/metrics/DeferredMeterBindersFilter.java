package io.aegis.kernel.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the {@link DeferredMeterBinders} before the first request to the Prometheus endpoint (any
 * path ending in {@code /prometheus}) is answered, so the first scrape already has every meter.
 * Once they are bound it only reads a volatile flag.
 */
public final class DeferredMeterBindersFilter extends OncePerRequestFilter {
  private final DeferredMeterBinders binders;

  public DeferredMeterBindersFilter(DeferredMeterBinders binders) {
    this.binders = binders;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return binders.bound() || !request.getRequestURI().endsWith("/prometheus");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    binders.bindOnce();
    chain.doFilter(request, response);
  }
}
