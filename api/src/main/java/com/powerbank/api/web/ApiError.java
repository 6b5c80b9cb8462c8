package com.powerbank.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/**
 * The body of every error answer (SPEC §4): {@code {"error":"<message>","code":"<UPPER_SNAKE>"}}.
 *
 * @param error a human-readable message
 * @param code a stable machine-readable code, e.g. {@code QUOTE_EXPIRED}
 */
@Schema(name = "Error", type = "object", description = "Every error answer has this shape.")
public record ApiError(
    @Schema(example = "Quote expired", requiredMode = Schema.RequiredMode.REQUIRED) String error,
    @Schema(example = "QUOTE_EXPIRED", requiredMode = Schema.RequiredMode.REQUIRED) String code) {

  /**
   * Writes this error as the JSON body of {@code response} (for filters and security handlers,
   * which answer outside Spring MVC); the status and other headers are the caller's.
   *
   * @throws IOException when the response cannot be written
   */
  public void writeTo(HttpServletResponse response, ObjectMapper json) throws IOException {
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    json.writeValue(response.getOutputStream(), this);
  }
}
