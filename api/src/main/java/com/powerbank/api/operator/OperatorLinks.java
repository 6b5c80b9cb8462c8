package com.powerbank.api.operator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the operator's other tools are.
 *
 * @param temporalUiUrl the Temporal Web UI's base URL (property {@code powerbank.temporal.ui-url},
 *     env {@code TEMPORAL_UI_URL})
 * @param namespace the Temporal namespace of the rentals
 */
public record OperatorLinks(
    @JsonProperty("temporal_ui_url") String temporalUiUrl, String namespace) {}
