// A connection reset (TCP RST) in the middle of a body. cpp-httplib can only close a
// connection cleanly, so this fault has its own raw loopback listener that answers every
// request with half a body and then aborts the connection (SO_LINGER 0).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "fetch_fixture.hpp"

namespace gofer::testing {
namespace {

class ResettingServer {
 public:
  ResettingServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 16);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ResettingServer() {
    ::shutdown(listener_, SHUT_RDWR);  // wakes accept()
    thread_.join();
    ::close(listener_);
  }
  ResettingServer(const ResettingServer&) = delete;
  ResettingServer& operator=(const ResettingServer&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/r"; }
  [[nodiscard]] int connections() const { return connections_; }

 private:
  void serve() {
    for (;;) {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      ++connections_;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        request.append(buffer, static_cast<size_t>(got));
      }
      std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" +
                             HttpTestServer::body(100000).substr(0, 50000);
      (void)!::send(client, response.data(), response.size(), MSG_NOSIGNAL);
      linger abort{1, 0};  // close() now sends RST instead of FIN
      ::setsockopt(client, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
      ::close(client);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

TEST_F(FetchCliTest, ConnectionResetMidBodyIsRetriedThenFailsWithNoFile) {
  ResettingServer server;
  auto result = fetch({"--json", "--retries", "2", "-d", "out", "-o", "r", server.url()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server.connections(), 3);
  auto line = json_lines(result.out)[0];
  EXPECT_EQ(line["attempts"], 3);
  EXPECT_EQ(line["status"], "failed");
  EXPECT_TRUE(contains(line["error"], "reset")) << result.out;  // curl: "Connection reset by peer"
  EXPECT_TRUE(out_files().empty()) << result.out;  // neither "r" nor a leftover "r.part"
}

}  // namespace
}  // namespace gofer::testing
