"""The incubation part of the demo (a builder, see ``demo.builders``): bases at the three levels,
their spaces and operators, tenants in every state, a year of services and subsidies, evaluations.

- 清河市社会组织发展服务中心 (city), 临江区社会组织发展服务中心 (district), 江滨街道 and 望湖街道
  centres (streets): operating. The demo ``operator`` account runs the 江滨街道 centre and the
  临江区 centre.
- 青山区社会组织发展服务中心 closed in mid-2025 and 松林镇's centre still awaits approval, so 青山区
  has no operating base today (it had one in earlier quarters); 河西县 never had one. The Jinzhong
  target (每县至少1个) is met by 临江区 only, and the city's snapshots show 青山区 dropping out.
"""
