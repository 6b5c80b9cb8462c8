package com.powerbank.stubs.web;

/**
 * Error body for everything that is not a payment answer: {@code
 * {"error":"<message>","code":"<UPPER_SNAKE>"}}.
 *
 * @param error human readable message
 * @param code machine readable code, e.g. {@code BAD_REQUEST}, {@code STATION_NOT_FOUND}
 */
public record ApiError(String error, String code) {}
