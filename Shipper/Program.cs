using Shipper.Commands;

return await ShipCommand.Create().Parse(args).InvokeAsync();
