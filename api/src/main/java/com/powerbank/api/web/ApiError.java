package com.powerbank.api.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error answer (SPEC §4): {@code {"error":"<message>","code":"<UPPER_SNAKE>"}}.
 *
 * @param error a human-readable message
 * @param code a stable machine-readable code, e.g. {@code QUOTE_EXPIRED}
 */
@Schema(name = "Error", type = "object", description = "Every error answer has this shape.")
public record ApiError(
    @Schema(example = "Quote expired", requiredMode = Schema.RequiredMode.REQUIRED) String error,
    @Schema(example = "QUOTE_EXPIRED", requiredMode = Schema.RequiredMode.REQUIRED) String code) {}
