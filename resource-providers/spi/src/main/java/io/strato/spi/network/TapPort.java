package io.strato.spi.network;

/**
 * A tap device plugged into a virtual network's bridge.
 *
 * @param device the host's tap name, at most 15 characters, for {@code -netdev tap,ifname=...,script=no}
 */
public record TapPort(String device, PortConfig config) {}
