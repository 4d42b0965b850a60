namespace SkyHedge.Core;
