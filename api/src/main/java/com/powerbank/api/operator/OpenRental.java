package com.powerbank.api.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.springframework.lang.Nullable;

/**
 * One rental whose workflow is running, as Temporal visibility lists it (search attributes {@code
 * RentalStatus}, {@code UserId}, {@code StationId}, {@code PowerbankId}).
 *
 * @param rentalId the rental id (the workflow id without its {@code rental-} prefix)
 * @param workflowId the workflow id, for the Temporal Web UI
 * @param runId the current run (a rental that continued as new has had others)
 * @param status the {@code RentalStatus} attribute: ACTIVE, or FINISHED/BUYOUT while debt is still
 *     collected
 * @param startedAt when the current run started
 */
public record OpenRental(
    @JsonProperty("rental_id") String rentalId,
    @JsonProperty("workflow_id") String workflowId,
    @JsonProperty("run_id") String runId,
    @Nullable String status,
    @JsonProperty("user_id") @Nullable String userId,
    @JsonProperty("station_id") @Nullable String stationId,
    @JsonProperty("powerbank_id") @Nullable String powerbankId,
    @JsonProperty("run_started_at") @Nullable Instant startedAt) {}
