package io.ha4j.raft;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;

/**
 * Picks and configures Ratis' transport: plain Netty without TLS (as before TLS existed), gRPC with
 * mutual TLS when a {@link RaftTlsConfig} is given (Ratis 3.3.0's Netty RPC cannot do TLS).
 */
final class RaftTransport {
  private RaftTransport() {}

  /**
   * Sets the RPC type and, for a server ({@code port > 0}), its port.
   *
   * @param tls {@code null} for plain Netty
   */
  static void configure(RaftProperties props, RaftTlsConfig tls, int port) {
    if (tls == null) {
      RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
      if (port > 0) {
        NettyConfigKeys.Server.setPort(props, port);
      }
    } else {
      RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
      if (port > 0) {
        GrpcConfigKeys.Server.setPort(props, port);
      }
    }
  }

  /**
   * The Ratis parameters: empty without TLS; with TLS, the loaded key and trust material, used by the
   * server, the admin service and every client, with client certificates required.
   *
   * @param path where the TLS settings live, for error messages ({@code raft.tls}, {@code raftClient.tls})
   * @throws io.ha4j.Ha4jConfigException when a store or PEM file cannot be used
   */
  static Parameters parameters(RaftTlsConfig tls, String path) {
    Parameters parameters = new Parameters();
    if (tls != null) {
      RaftTlsConfig.Material m = tls.load(path);
      GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(m.keyManager(), m.trustManager(), true));
    }
    return parameters;
  }
}
