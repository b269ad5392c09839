package io.aegis.rendersubmit.template;

/**
 * A template that cannot be rendered into a valid Workflow: bad syntax, an undefined variable, an
 * unsafe value, or a result that is not a valid Argo Workflow. The message is written to the
 * alert's or the template's status, so it names the problem and where it is.
 */
public class TemplateInvalidException extends RuntimeException {
  public TemplateInvalidException(String message) {
    super(message);
  }

  public TemplateInvalidException(String message, Throwable cause) {
    super(message, cause);
  }
}
