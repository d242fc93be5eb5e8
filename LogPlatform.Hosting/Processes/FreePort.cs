using System.Net;
using System.Net.Sockets;

namespace LogPlatform.Hosting.Processes;

/// <summary>A free loopback port, for test hosts that must not collide with each other or with a running platform.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
